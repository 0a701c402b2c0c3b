"""Lay out a summary (`jimcode.summary.contract.SummaryResult`) as blocks, in the order of a results section.

The study's layout: a header (cases, interviewees, organisations, coders, records), the case
attributes that belong to no research question, then each research question with its codes and
the attributes tied to it (`research_question:`), then each hypothesis with its verdicts (which
cases) and its evidence by stance with quotes. A codebook's reference figures stand beside the
figure the records give, with a marked note where a reported one differs.

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
from jimcode.summary.describe import as_written, decimals_of, number_text, percent_text, whole_percent

if TYPE_CHECKING:
    from jimcode.summary.contract import (
        AttributeSummary,
        CodeSummary,
        Corpus,
        EvidenceCount,
        NamedCount,
        ReferenceFigure,
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
    blocks += _study(result, say)
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


def _study(result: SummaryResult, say: Words) -> list[Block]:
    """The study header: one line to quote, then cases, interviewees, organisations, coders and records per group."""
    groups = result.groups
    columns = ["", *group_names(result)]
    corpora = [g.corpus for g in groups]
    rows = [
        Row([say("summary.cases"), *(str(c.cases) for c in corpora)]),
        Row([say("summary.interviewees"), *(_interviewees(c, say) for c in corpora)]),
        Row([say("summary.organisations_interviewees"), *(_organisations(c, say) for c in corpora)]),
        Row([say("summary.coders"), *(_named(c.coders, say) for c in corpora)]),
        Row([say("summary.complete"), *(str(c.complete) for c in corpora)]),
        Row([say("summary.in_progress"), *(str(c.in_progress) for c in corpora)]),
        Row([say("summary.segments"), *(str(c.segments.total) for c in corpora)]),
        Row([say("summary.segments_coded"), *(str(c.segments.coded) for c in corpora)], indent=1),
        Row([say("summary.segments_not_relevant"), *(str(c.segments.not_relevant) for c in corpora)], indent=1),
        Row([say("summary.segments_open"), *(str(c.segments.open) for c in corpora)], indent=1),
    ]
    if any(c.case_pseudonyms != c.cases for c in corpora):
        rows.insert(1, Row([say("summary.case_pseudonyms"), *(str(c.case_pseudonyms) for c in corpora)]))
    blocks: list[Block] = [
        Heading(2, say("summary.study"), "study"),
        Paragraph(_study_line(corpora[0], say), strong=True),
        Table(columns, rows),
    ]
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


def _study_line(corpus: Corpus, say: Words) -> str:
    """`8 cases, 6 interviewees from 3 organisations (Altra, Levvel, Youké); records: 8 complete, 0 in progress.`"""
    people = say.count("summary.head.cases", corpus.cases)
    if corpus.interviewees:
        people += ", " + say.count("summary.head.interviewees", corpus.interviewees)
    if corpus.organisations:
        names = ", ".join(item.name for item in corpus.organisations)
        people += " " + say.count("summary.head.organisations", len(corpus.organisations), names=names)
    coders = ", ".join(item.name for item in corpus.coders)
    return say(
        "summary.head.line", people=people, complete=corpus.complete, in_progress=corpus.in_progress, coders=coders
    )


def _interviewees(corpus: Corpus, say: Words) -> str:
    text = str(corpus.interviewees)
    if corpus.interviewee_missing:
        text += "; " + say.count("summary.interviewee_missing", corpus.interviewee_missing)
    return text


def _organisations(corpus: Corpus, say: Words) -> str:
    """Interviewees per organisation: a professional who speaks about two cases counts once."""
    text = ", ".join(f"{item.name} {item.interviewees}" for item in corpus.organisations)
    if corpus.organisation_missing:
        text += f"{', ' if text else ''}{say('unknown')} {corpus.organisation_missing}"
    return text or "–"


def _named(items: list[NamedCount], say: Words, missing: int = 0) -> str:
    text = ", ".join(f"{item.name} {item.cases}" for item in items)
    if missing:
        text += f"{', ' if text else ''}{say('unknown')} {missing}"
    return text or "–"


def _attributes(result: SummaryResult, charts: bool, say: Words) -> list[Block]:
    """The case attributes that belong to no research question (the others stand in their question's section)."""
    groups = result.groups
    questions = {q.id for q in groups[0].questions}
    positions = [i for i, a in enumerate(groups[0].attributes) if a.research_question not in questions]
    if not positions:
        return []
    blocks: list[Block] = [Heading(2, say("summary.attributes"), "attributes")]
    for position in positions:
        blocks += _attribute(result, position, charts, say, level=3)
    return blocks


def _attribute(result: SummaryResult, position: int, charts: bool, say: Words, level: int) -> list[Block]:
    """One attribute's heading, reading, table (groups side by side), chart and reference figures."""
    per_group = [g.attributes[position] for g in result.groups]
    attribute = per_group[0]
    if attribute.type == "text":
        answered = _per_group(result, [say("summary.answered_of", count=a.answered, of=a.units) for a in per_group])
        return [Paragraph(say("summary.free_text", label=attribute.label, answered=answered), muted=True)]
    blocks: list[Block] = [Heading(level, _attribute_title(attribute), f"attribute-{attribute.id}")]
    if attribute.stats is not None or attribute.type in ("integer", "number"):
        blocks += _number_blocks(result, per_group, say)
    else:
        blocks += _category_blocks(result, per_group, charts, say)
    blocks += _references(result, [a.references for a in per_group], attribute.unit, say, per_group)
    return blocks


def _attribute_title(attribute: AttributeSummary) -> str:
    return attribute.label + (f" ({attribute.unit})" if attribute.unit else "")


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
    if per_group[0].about == "interviewee":
        note = say("summary.per_interviewee") + " " + note
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
    note = say("summary.percent_note_interviewees" if first.about == "interviewee" else "summary.percent_note")
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


def _references(
    result: SummaryResult,
    per_group: list[list[ReferenceFigure]],
    unit: str | None,
    say: Words,
    attributes: list[AttributeSummary] | None = None,
    names_of: list[str] | None = None,
) -> list[Block]:
    """The codebook's reference figures beside the records' (one column per group), ≠ where a reported one
    differs, and a note in words for each difference in all cases. `names_of`: what each figure is of, where
    the figures do not say (a code's share of cases: its label)."""
    figures = per_group[0]
    what = names_of or [figure.of_label or "" for figure in figures]
    if not figures:
        return []
    names = [g.label for g in result.groups] if len(result.groups) > 1 else [say("summary.reference.data")]
    columns = [say("summary.reference.figure"), say("summary.reference.kind"), say("summary.reference.value")]
    sources: list[str] = []  # numbered once each, in the note: a table cell is no place for a quotation
    rows = []
    for i, figure in enumerate(figures):
        if figure.source not in sources:
            sources.append(figure.source)
        given_text, given = _given(figure, unit, say.language)
        computed = [_computed(group[i], given, unit, say) for group in per_group]
        kind = say(f"summary.reference.{figure.kind}") + (f": {figure.label}" if figure.label else "")
        kind += f" [{sources.index(figure.source) + 1}]"
        rows.append(Row([what[i], kind, given_text, *computed], strong=any(group[i].differs for group in per_group)))
    listed = "; ".join(f"[{n}] {source}" for n, source in enumerate(sources, 1))
    blocks: list[Block] = [
        Table(
            [*columns, *names],
            rows,
            numeric_from=2,
            title=say("summary.references"),
            note=say("summary.reference.note") + " " + say("summary.reference.sources", sources=listed),
        )
    ]
    for i, figure in enumerate(figures):
        if figure.differs and figure.computed is not None:
            given_text, given = _given(figure, unit, say.language)
            shown = _computed(figure, given, unit, say, marked=False)
            share = _share_of(attributes[0], figure.of) if attributes else None
            if share is not None:
                shown += f" ({say('summary.reference.count_of', count=share[0], of=share[1])})"
            blocks.append(
                Paragraph(
                    say("summary.reference.differs", what=what[i], given=given_text, computed=shown), warning=True
                )
            )
    return blocks


def _given(figure: ReferenceFigure, unit: str | None, language: str) -> tuple[str, float]:
    """The reference figure as written (`80%`, `58 dagen`) and as a number."""
    if figure.percent is not None:
        return f"{number_text(figure.percent, decimals_of(figure.percent), language)}%", figure.percent
    value = figure.value if figure.value is not None else 0
    suffix = f" {unit}" if unit and figure.of != "n" else ""
    return f"{number_text(value, decimals_of(value), language)}{suffix}", value


def _computed(figure: ReferenceFigure, given: float, unit: str | None, say: Words, marked: bool = True) -> str:
    """The records' figure rounded as the reference is written (83% beside 80%), with ≠ where they differ."""
    if figure.computed is None:
        return "–"
    value = as_written(figure.computed, given)
    text = number_text(value, decimals_of(given), say.language)
    text += "%" if figure.percent is not None else (f" {unit}" if unit and figure.of != "n" else "")
    return text + (" ≠" if marked and figure.differs else "")


def _share_of(attribute: AttributeSummary, of: str | None) -> tuple[int, int] | None:
    """(count, answered) of the option or option group a share is of, for `5 of 6`."""
    for share in [*attribute.options, *attribute.option_groups]:
        if share.id == of:
            return share.count, attribute.answered
    return None


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
        referenced = [i for i, code in enumerate(question.codes) if code.references]
        if referenced:
            blocks += _references(
                result,
                [[figure for i in referenced for figure in q.codes[i].references] for q in per_group],
                None,
                say,
                names_of=[question.codes[i].label for i in referenced for _ in question.codes[i].references],
            )
        for at, attribute in enumerate(groups[0].attributes):
            if attribute.research_question == question.id:
                blocks += _attribute(result, at, charts, say, level=4)
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
    """Each hypothesis in codebook order: its statement, the verdicts with the cases that gave them, and the
    evidence by stance, each stance with its quotes."""
    groups = result.groups
    if not groups[0].hypotheses:
        return []
    several = len(groups) > 1
    blocks: list[Block] = [Heading(2, say("summary.hypotheses"), "hypotheses")]
    verdict_names = [v.label for v in groups[0].hypotheses[0].verdicts]
    if charts:
        chart_rows = [
            (
                hypothesis.id + (f" · {group.label}" if several else ""),
                [float(v.cases) for v in group.hypotheses[position].verdicts],
                [str(v.cases) for v in group.hypotheses[position].verdicts],
            )
            for position, hypothesis in enumerate(groups[0].hypotheses)
            for group in groups
        ]
        blocks.append(StackedChart(say("summary.verdicts_chart"), verdict_names, chart_rows))
    names = group_names(result)
    counts = names if several else [say("summary.cases_n", count=groups[0].corpus.cases)]
    for position, hypothesis in enumerate(groups[0].hypotheses):
        per_group = [g.hypotheses[position] for g in groups]
        blocks.append(Heading(3, f"{hypothesis.id} {hypothesis.title}", f"hypothesis-{hypothesis.id}"))
        related = ", ".join(hypothesis.related_questions)
        blocks.append(Paragraph(hypothesis.statement + (say("summary.related", ids=related) if related else "")))
        verdict_rows = [
            Row(
                [
                    verdict.label,
                    ", ".join(verdict.case_names) or "–",
                    *(
                        percent_text(h.verdicts[i].cases, g.corpus.cases)
                        for g, h in zip(groups, per_group, strict=True)
                    ),
                ]
            )
            for i, verdict in enumerate(hypothesis.verdicts)
        ]
        blocks.append(
            Table(
                [say("summary.verdict"), say("summary.which_cases"), *counts],
                verdict_rows,
                numeric_from=2,
                title=say("summary.verdicts"),
                note=say("summary.verdicts_note"),
            )
        )
        evidence_rows = [
            Row([say(f"stance.{item.stance}"), *(_evidence_cell(h.evidence[i], say) for h in per_group)])
            for i, item in enumerate(hypothesis.evidence)
        ]
        blocks.append(
            Table(
                [say("summary.stance"), *counts],
                evidence_rows,
                title=say("summary.evidence"),
                note=say("summary.evidence_note"),
            )
        )
        for item in hypothesis.evidence:
            items = _merged([(quote, "") for quote in item.quotes], say)
            if items:
                title = say("summary.evidence_quotes_of", stance=say(f"stance.{item.stance}"))
                blocks.append(Quotes(items, title=title))
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
