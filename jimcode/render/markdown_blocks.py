"""Blocks as GitHub-flavoured Markdown: pipe tables and block quotes, ready to paste into a report."""

from __future__ import annotations

from jimcode.render.blocks import BarChart, Block, Heading, Paragraph, Quotes, StackedChart, Table

_INDENT = "\u2003"  # an em space: survives Markdown renderers, unlike leading spaces


def cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def inline(text: str) -> str:
    """Plain text that must not turn into Markdown markup."""
    out = text.replace("\r", "").replace("\n", " ")
    for char in "\\`*_[]<>#":
        out = out.replace(char, "\\" + char)
    return out


def table(block: Table) -> str:
    lines = []
    if block.title:
        lines += [f"**{inline(block.title)}**", ""]
    align = ["---" if i < block.numeric_from else "---:" for i in range(len(block.columns))]
    lines.append("| " + " | ".join(cell(c) for c in block.columns) + " |")
    lines.append("| " + " | ".join(align) + " |")
    for row in block.rows:
        cells = [cell(c) for c in row.cells]
        label_at = 1 if block.numeric_from > 1 and len(cells) > 1 else 0
        cells[label_at] = _INDENT * row.indent + cells[label_at]
        if row.strong:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if block.note:
        lines += ["", f"*{inline(block.note)}*"]
    return "\n".join(lines)


def quotes(block: Quotes) -> str:
    lines = [f"**{inline(block.title)}**", ""] if block.title else []
    for item in block.items:
        for before in item.context_before:
            lines += [f"> *{inline(before)}*", ">"]
        lines.append(f"> {inline(item.text)}")
        for after in item.context_after:
            lines += [">", f"> *{inline(after)}*"]
        source = f"— {inline(item.attribution)}"
        if item.tag:
            source += f" · *{inline(item.tag)}*"
        if item.remark:
            source += f" · note: {inline(item.remark)}"
        lines += [">", f"> {source}", ""]
    return "\n".join(lines).rstrip()


def render(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + inline(block.text))
        elif isinstance(block, Paragraph):
            text = inline(block.text)
            parts.append(f"*{text}*" if block.muted else f"**{text}**" if block.strong else text)
        elif isinstance(block, Table):
            parts.append(table(block))
        elif isinstance(block, Quotes):
            parts.append(quotes(block))
        elif isinstance(block, BarChart | StackedChart):
            continue
    return "\n\n".join(parts) + "\n"
