"""A codebook as a rich tree (terminal) or Markdown tables (a report's appendix)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jimcode.codebook.model import (
    CategoryAttribute,
    Codebook,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
)

if TYPE_CHECKING:
    from rich.tree import Tree


def attribute_type_text(attribute: object) -> str:
    """`integer (days, 0-730)`, `category: a / b / c` and the like."""
    kind = getattr(attribute, "type", "?")
    if isinstance(attribute, IntegerAttribute | NumberAttribute):
        parts = [p for p in (attribute.unit,) if p]
        if attribute.min is not None or attribute.max is not None:
            low = "" if attribute.min is None else f"{attribute.min:g}"
            high = "" if attribute.max is None else f"{attribute.max:g}"
            parts.append(f"{low}-{high}")
        return f"{kind} ({', '.join(parts)})" if parts else kind
    if isinstance(attribute, CategoryAttribute | MultiChoiceAttribute):
        labels = {g.id: g.label for g in attribute.groups}
        options = []
        for option in attribute.options:
            group = f" [{labels[option.group]}]" if option.group in labels else ""
            options.append(f"{option.label}{group}")
        return f"{kind.replace('_', '-')}: " + " / ".join(options)
    return kind


def tree(codebook: Codebook) -> Tree:
    from rich.markup import escape
    from rich.tree import Tree

    root = Tree(
        f"[bold]{escape(codebook.title)}[/] [dim]{escape(codebook.id)} v{escape(codebook.version)}"
        f" ({escape(codebook.language)})[/]"
    )
    numbered = {entry.code.id: entry.number for entry in codebook.numbered_codes()}
    questions = root.add("[bold]Research questions[/]")
    for rq in codebook.research_questions:
        branch = questions.add(f"[bold cyan]{rq.id}[/] {escape(rq.title)}: [italic]{escape(rq.question)}[/]")

        def add(codes: list, parent: Tree) -> None:
            for code in codes:
                key = f" [magenta]\\[{code.shortcut}][/]" if code.shortcut else ""
                node = parent.add(
                    f"[green]{numbered[code.id]:>2}[/] {escape(code.label)}{key} [dim]{code.id}[/]"
                    f"\n[dim]{escape(code.definition)}[/]"
                )
                add(code.codes, node)

        add(rq.codes, branch)
    if codebook.hypotheses:
        hypotheses = root.add("[bold]Hypotheses[/]")
        for h in codebook.hypotheses:
            related = f" [dim](related: {', '.join(h.related_questions)})[/]" if h.related_questions else ""
            hypotheses.add(f"[bold cyan]{h.id}[/] {escape(h.title)}{related}\n[dim]{escape(h.statement)}[/]")
    if codebook.case_attributes:
        attributes = root.add("[bold]Case attributes[/]")
        for a in codebook.case_attributes:
            asked_for = f" [dim]({a.research_question})[/]" if a.research_question else ""
            attributes.add(f"[bold]{escape(a.label)}[/] [dim]{a.id}[/]{asked_for}: {escape(attribute_type_text(a))}")
    return root


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


def markdown(codebook: Codebook) -> str:
    """The codebook as Markdown: one table of codes per research question, then the rest."""
    lines = [f"# {codebook.title}", ""]
    meta = f"Codebook `{codebook.id}`, version {codebook.version}, language `{codebook.language}`."
    lines += [meta, ""]
    if codebook.description:
        lines += [codebook.description.strip(), ""]
    if codebook.source:
        lines += [f"Source: {codebook.source.strip()}", ""]
    by_question: dict[str, list] = {}
    for entry in codebook.numbered_codes():
        by_question.setdefault(entry.question.id, []).append(entry)
    for rq in codebook.research_questions:
        lines += [f"## {rq.id}. {rq.title}", "", f"*{rq.question}*", ""]
        if rq.description:
            lines += [rq.description.strip(), ""]
        lines += [
            "| # | Code | Definition | When to use | When not to use | Example |",
            "|---|---|---|---|---|---|",
        ]
        for entry in by_question.get(rq.id, []):
            code = entry.code
            indent = "&nbsp;&nbsp;" * entry.depth
            definition = code.definition + (f" {code.full_definition}" if code.full_definition else "")
            lines.append(
                f"| {entry.number} | {indent}**{_cell(code.label)}** `{code.id}` | {_cell(definition)} "
                f"| {_cell(code.when_to_use)} | {_cell(code.when_not_to_use)} | {_cell(code.example)} |"
            )
        lines.append("")
    if codebook.hypotheses:
        lines += ["## Hypotheses", "", "| Id | Hypothesis | Statement | Related questions |", "|---|---|---|---|"]
        for h in codebook.hypotheses:
            lines.append(f"| {h.id} | {_cell(h.title)} | {_cell(h.statement)} | {', '.join(h.related_questions)} |")
        lines.append("")
    if codebook.case_attributes:
        lines += ["## Case attributes", "", "| Attribute | Question | Type | Research question |", "|---|---|---|---|"]
        for a in codebook.case_attributes:
            lines.append(
                f"| **{_cell(a.label)}** `{a.id}` | {_cell(a.question)} "
                f"| {_cell(attribute_type_text(a))} | {a.research_question or ''} |"
            )
        lines.append("")
    return "\n".join(lines)
